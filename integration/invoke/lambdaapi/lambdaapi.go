// Package lambdaapi invokes Lambda functions through the Lambda Invoke API (POST
// /2015-03-31/functions/{FunctionName}/invocations), on AWS or on anything that speaks it: `sam
// local start-lambda`, LocalStack, a test server. Its Invoker is an invoke.Invoker for the
// Lambda integrations, alone or as the Fallback of an invoke.Registry, which runs the functions
// under development in-process and sends the rest here:
//
//	remote, err := lambdaapi.New(ctx, lambdaapi.Config{Region: "eu-west-1"})
//	fns := &invoke.Registry{Local: local, Fallback: remote}
//
// It is the one package of the invokers that imports the AWS SDK (aws-sdk-go-v2), so that a
// program that runs its functions in-process with invoke.Local does not link it.
package lambdaapi

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/smithy-go"

	"github.com/apigate/apigate/integration/invoke"
	"github.com/apigate/apigate/integration/invoke/internal/funcref"
)

// Client is the part of the Lambda API an Invoker uses; *lambda.Client implements it.
type Client interface {
	Invoke(ctx context.Context, in *lambda.InvokeInput, optFns ...func(*lambda.Options)) (*lambda.InvokeOutput, error)
}

// Invoker invokes functions through the Invoke API with its Client.
//
// The function name is split as the API wants it: "app:live" is FunctionName "app" and Qualifier
// "live", and so are partial and full ARNs with a qualifier. A full ARN in another region than
// the client's is invoked in its own region, as API Gateway invokes it. The Result carries the
// response's status code, payload, X-Amz-Function-Error and x-amzn-RequestId. Errors of the
// call wrap the SDK's: ResourceNotFoundException also wraps invoke.ErrFunctionNotFound,
// TooManyRequestsException invoke.ErrTooManyRequests and InvalidRequestContentException
// invoke.ErrInvalidRequestContent. The client's retryer applies (the SDK's standard one retries
// throttles and 5xx up to 3 attempts; Config.RetryMaxAttempts changes that). Invoke returns
// when its context is done, as the SDK's calls do.
type Invoker struct {
	Client Client
}

var _ invoke.Invoker = (*Invoker)(nil)

// Config configures New. Its zero value is the SDK's default chain: region, credentials and
// endpoint from the environment, the shared config files, and the instance or container role.
type Config struct {
	// Region is the client's region; "" takes it from the environment (AWS_REGION) or profile.
	Region string
	// Endpoint overrides the Lambda endpoint (the client's BaseEndpoint), e.g.
	// "http://127.0.0.1:3001" for `sam local start-lambda`, "http://localhost:4566" for
	// LocalStack.
	Endpoint string
	// Credentials, when set, replace the default credential chain, e.g.
	// credentials.NewStaticCredentialsProvider(id, secret, "").
	Credentials aws.CredentialsProvider
	// HTTPClient, when set, sends the requests.
	HTTPClient aws.HTTPClient
	// RetryMaxAttempts, when above zero, is the most attempts per invocation (1: no retries).
	RetryMaxAttempts int
}

// New loads the SDK's default configuration (config.LoadDefaultConfig) with c's overrides and
// returns an Invoker with a Lambda client made from it. It fails when no region can be found,
// since requests could not be signed.
func New(ctx context.Context, c Config) (*Invoker, error) {
	var opts []func(*config.LoadOptions) error
	if c.Region != "" {
		opts = append(opts, config.WithRegion(c.Region))
	}
	if c.Credentials != nil {
		opts = append(opts, config.WithCredentialsProvider(c.Credentials))
	}
	if c.HTTPClient != nil {
		opts = append(opts, config.WithHTTPClient(c.HTTPClient))
	}
	if c.RetryMaxAttempts > 0 {
		opts = append(opts, config.WithRetryMaxAttempts(c.RetryMaxAttempts))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("lambdaapi: loading AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		return nil, errors.New("lambdaapi: no AWS region: set Config.Region, AWS_REGION or a profile's region")
	}
	client := lambda.NewFromConfig(cfg, func(o *lambda.Options) {
		if c.Endpoint != "" {
			o.BaseEndpoint = aws.String(c.Endpoint)
		}
	})
	return &Invoker{Client: client}, nil
}

// Invoke calls the Invoke API: RequestResponse, or Event when in.Async.
func (r *Invoker) Invoke(ctx context.Context, in *invoke.Invocation) (*invoke.Result, error) {
	input := &lambda.InvokeInput{
		FunctionName:   aws.String(in.Function),
		Payload:        in.Payload,
		InvocationType: types.InvocationTypeRequestResponse,
	}
	if in.Async {
		input.InvocationType = types.InvocationTypeEvent
	}
	var optFns []func(*lambda.Options)
	if ref, ok := funcref.Parse(in.Function); ok {
		if ref.Qualifier != "" {
			input.FunctionName = aws.String(ref.Unqualified().String())
			input.Qualifier = aws.String(ref.Qualifier)
		}
		if ref.Region != "" {
			optFns = append(optFns, func(o *lambda.Options) { o.Region = ref.Region })
		}
	} // else: Lambda answers with its ValidationException.
	out, err := r.Client.Invoke(ctx, input, optFns...)
	if err != nil {
		return nil, apiError(in.Function, err)
	}
	res := &invoke.Result{StatusCode: int(out.StatusCode), Payload: out.Payload, FunctionError: aws.ToString(out.FunctionError)}
	res.RequestID, _ = awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
	return res, nil
}

// apiError wraps err, and the invoke package's error for the API errors it has one for.
func apiError(fn string, err error) error {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		var sentinel error
		switch ae.ErrorCode() {
		case "ResourceNotFoundException":
			sentinel = invoke.ErrFunctionNotFound
		case "TooManyRequestsException":
			sentinel = invoke.ErrTooManyRequests
		case "InvalidRequestContentException":
			sentinel = invoke.ErrInvalidRequestContent
		}
		if sentinel != nil {
			return fmt.Errorf("%w: %s: %w", sentinel, fn, err)
		}
	}
	return fmt.Errorf("lambdaapi: %s: %w", fn, err)
}
