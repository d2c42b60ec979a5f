package router_test

import (
	"fmt"

	"github.com/apigate/apigate/internal/router"
)

func Example() {
	r, err := router.Compile([]router.Route{
		{Path: "/test", Methods: []string{"POST"}},
		{Path: "/pets/{petId}", Methods: []string{"GET", "ANY"}},
		{Path: "/{proxy+}", Methods: []string{"OPTIONS"}},
	})
	if err != nil {
		panic(err)
	}
	params := make([]router.Param, 0, 4) // reused across requests: Match does not allocate
	for _, req := range []struct{ method, path string }{
		{"POST", "/test"},
		{"OPTIONS", "/test"}, // /test lacks OPTIONS: backtracks to /{proxy+}
		{"GET", "/pets/test%2Balias@gmail.com/"},
		{"DELETE", "/pets/7"},
		{"GET", "/test"},
	} {
		m, out, ok := r.Match(req.method, req.path, params[:0])
		if !ok {
			fmt.Println(req.method, req.path, "-> 403 Missing Authentication Token")
			continue
		}
		fmt.Println(req.method, req.path, "-> route", m.Route, m.Method, out)
	}

	_, err = router.Compile([]router.Route{{Path: "/{proxy+}"}, {Path: "/{id}"}})
	fmt.Println(err)
	// Output:
	// POST /test -> route 0 POST []
	// OPTIONS /test -> route 2 OPTIONS [{proxy test}]
	// GET /pets/test%2Balias@gmail.com/ -> route 1 GET [{petId test%2Balias@gmail.com}]
	// DELETE /pets/7 -> route 1 ANY [{petId 7}]
	// GET /test -> 403 Missing Authentication Token
	// A sibling ({proxy+}) of this resource already has a variable path part -- only one is allowed
}
