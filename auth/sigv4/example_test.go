package sigv4_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/apigate/apigate"
	"github.com/apigate/apigate/auth/sigv4"
)

// The verifier as middleware in front of a plain mux: a request signed with aws-sdk-go-v2
// gets through, with the caller's identity in its context; an unsigned one gets API
// Gateway's 403.
func Example() {
	v, err := sigv4.New(sigv4.Config{
		Region: "us-east-1",
		Credentials: sigv4.StaticCredentials{
			"AKIAIOSFODNN7EXAMPLE": {
				SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
				Identity:        sigv4.Identity{AccountID: "123456789012", UserArn: "arn:aws:iam::123456789012:user/alice"},
			},
		},
		// allow alice to invoke any method of the API's prod stage
		Policy: sigv4.PolicyFunc(func(_ context.Context, id *apigate.Identity, methodARN string) (sigv4.Decision, error) {
			if id.UserArn == "arn:aws:iam::123456789012:user/alice" {
				return sigv4.Allow, nil
			}
			return sigv4.ImplicitDeny, nil
		}),
		AccountID: "123456789012",
		APIID:     "a1b2c3d4e5",
	})
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /prod/pets", func(w http.ResponseWriter, r *http.Request) {
		id, _ := sigv4.FromContext(r.Context())
		fmt.Fprintf(w, "hello %s", id.UserArn)
	})
	srv := httptest.NewServer(v.Middleware(mux))
	defer srv.Close()

	show := func(r *http.Request) {
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			panic(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Println(resp.StatusCode, resp.Header.Get("x-amzn-ErrorType"), string(body))
	}

	r, _ := http.NewRequest("GET", srv.URL+"/prod/pets", nil)
	show(r)

	creds := aws.Credentials{AccessKeyID: "AKIAIOSFODNN7EXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}
	const emptyBody = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, r, emptyBody, "execute-api", "us-east-1", time.Now()); err != nil {
		panic(err)
	}
	show(r)
	// Output:
	// 403 MissingAuthenticationTokenException {"message":"Missing Authentication Token"}
	// 200  hello arn:aws:iam::123456789012:user/alice
}
