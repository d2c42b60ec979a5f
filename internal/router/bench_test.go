package router

import "testing"

// benchRoutes is a realistic API of 30 resources: collections, items, nested resources, a
// greedy file store, a catch-all and an ANY or two.
var benchRoutes = []Route{
	{Path: "/", Methods: []string{"GET"}},
	{Path: "/health", Methods: []string{"GET", "HEAD"}},
	{Path: "/login", Methods: []string{"POST", "OPTIONS"}},
	{Path: "/logout", Methods: []string{"POST"}},
	{Path: "/me", Methods: []string{"GET", "PATCH"}},
	{Path: "/users", Methods: []string{"GET", "POST"}},
	{Path: "/users/{userId}", Methods: []string{"GET", "PUT", "DELETE"}},
	{Path: "/users/{userId}/orders", Methods: []string{"GET"}},
	{Path: "/users/{userId}/orders/{orderId}", Methods: []string{"GET", "DELETE"}},
	{Path: "/users/{userId}/avatar", Methods: []string{"GET", "PUT"}},
	{Path: "/users/me", Methods: []string{"GET"}},
	{Path: "/products", Methods: []string{"GET", "POST"}},
	{Path: "/products/search", Methods: []string{"GET"}},
	{Path: "/products/{productId}", Methods: []string{"GET", "PUT", "PATCH", "DELETE"}},
	{Path: "/products/{productId}/reviews", Methods: []string{"GET", "POST"}},
	{Path: "/products/{productId}/reviews/{reviewId}", Methods: []string{"GET", "DELETE"}},
	{Path: "/products/{productId}/images/{proxy+}", Methods: []string{"GET"}},
	{Path: "/orders", Methods: []string{"GET", "POST"}},
	{Path: "/orders/{orderId}", Methods: []string{"GET"}},
	{Path: "/orders/{orderId}/cancel", Methods: []string{"POST"}},
	{Path: "/orders/{orderId}/items", Methods: []string{"GET"}},
	{Path: "/carts/{cartId}", Methods: []string{"ANY"}},
	{Path: "/carts/{cartId}/checkout", Methods: []string{"POST"}},
	{Path: "/files/{proxy+}", Methods: []string{"GET", "PUT", "DELETE"}},
	{Path: "/admin/stats", Methods: []string{"GET"}},
	{Path: "/admin/users/{userId}", Methods: []string{"ANY"}},
	{Path: "/webhooks/stripe", Methods: []string{"POST"}},
	{Path: "/webhooks/github", Methods: []string{"POST"}},
	{Path: "/v1/legacy/{proxy+}", Methods: []string{"ANY"}},
	{Path: "/{proxy+}", Methods: []string{"OPTIONS"}},
}

var benchCases = []struct{ name, method, path string }{
	{"literal", "GET", "/products/search"},
	{"param", "GET", "/users/42/orders/1001"},
	{"greedy", "GET", "/files/reports/2024/q3/summary.pdf"},
	// /users/me lacks DELETE; the search backtracks to /users/{userId}.
	{"backtrack", "DELETE", "/users/me"},
	// /logout lacks OPTIONS: the search backtracks to /{proxy+}.
	{"backtrack-greedy", "OPTIONS", "/logout"},
	{"miss", "GET", "/products/7/unknown"},
}

func BenchmarkMatch(b *testing.B) {
	r, err := Compile(benchRoutes)
	if err != nil {
		b.Fatal(err)
	}
	params := make([]Param, 0, 8)
	for _, c := range benchCases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r.Match(c.method, c.path, params[:0])
			}
		})
	}
}

func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(benchRoutes); err != nil {
			b.Fatal(err)
		}
	}
}
