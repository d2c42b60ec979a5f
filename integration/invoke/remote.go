package invoke

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

	"github.com/apigate/apigate/integration/invoke/internal/funcref"
)

// LambdaClient is the part of the Lambda API a Remote uses; *lambda.Client implements it.
type LambdaClient interface {
	Invoke(ctx context.Context, in *lambda.InvokeInput, optFns ...func(*lambda.Options)) (*lambda.InvokeOutput, error)
}

// Remote invokes functions through the Lambda Invoke API (POST
// /2015-03-31/functions/{FunctionName}/invocations), on AWS or on anything that speaks it: `sam
// local start-lambda`, LocalStack, a test server.
//
// The function name is split as the API wants it: "app:live" is FunctionName "app" and Qualifier
// "live", and so are partial and full ARNs with a qualifier. A full ARN in another region than
// the client's is invoked in its own region, as API Gateway invokes it. The Result carries the
// response's status code, payload, X-Amz-Function-Error and x-amzn-RequestId. Errors of the
// call wrap the SDK's: ResourceNotFoundException also wraps ErrFunctionNotFound,
// TooManyRequestsException ErrTooManyRequests and InvalidRequestContentException
// ErrInvalidRequestContent. The client's retryer applies (the SDK's standard one retries
// throttles and 5xx up to 3 attempts; RemoteConfig.RetryMaxAttempts changes that).
type Remote struct {
	Client LambdaClient
}

// RemoteConfig configures NewRemote. Its zero value is the SDK's default chain: region,
// credentials and endpoint from the environment, the shared config files, and the instance or
// container role.
type RemoteConfig struct {
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

// NewRemote loads the SDK's default configuration (config.LoadDefaultConfig) with rc's
// overrides and returns a Remote with a Lambda client made from it. It fails when no region can
// be found, since requests could not be signed.
func NewRemote(ctx context.Context, rc RemoteConfig) (*Remote, error) {
	var opts []func(*config.LoadOptions) error
	if rc.Region != "" {
		opts = append(opts, config.WithRegion(rc.Region))
	}
	if rc.Credentials != nil {
		opts = append(opts, config.WithCredentialsProvider(rc.Credentials))
	}
	if rc.HTTPClient != nil {
		opts = append(opts, config.WithHTTPClient(rc.HTTPClient))
	}
	if rc.RetryMaxAttempts > 0 {
		opts = append(opts, config.WithRetryMaxAttempts(rc.RetryMaxAttempts))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("invoke: loading AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		return nil, errors.New("invoke: no AWS region: set RemoteConfig.Region, AWS_REGION or a profile's region")
	}
	client := lambda.NewFromConfig(cfg, func(o *lambda.Options) {
		if rc.Endpoint != "" {
			o.BaseEndpoint = aws.String(rc.Endpoint)
		}
	})
	return &Remote{Client: client}, nil
}

// Invoke calls the Invoke API: RequestResponse, or Event when in.Async.
func (r *Remote) Invoke(ctx context.Context, in *Invocation) (*Result, error) {
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
		return nil, remoteError(in.Function, err)
	}
	res := &Result{StatusCode: int(out.StatusCode), Payload: out.Payload, FunctionError: aws.ToString(out.FunctionError)}
	res.RequestID, _ = awsmiddleware.GetRequestIDMetadata(out.ResultMetadata)
	return res, nil
}

// remoteError wraps err, and the package's error for the API errors it has one for.
func remoteError(fn string, err error) error {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		var sentinel error
		switch ae.ErrorCode() {
		case "ResourceNotFoundException":
			sentinel = ErrFunctionNotFound
		case "TooManyRequestsException":
			sentinel = ErrTooManyRequests
		case "InvalidRequestContentException":
			sentinel = ErrInvalidRequestContent
		}
		if sentinel != nil {
			return fmt.Errorf("%w: %s: %w", sentinel, fn, err)
		}
	}
	return fmt.Errorf("invoke: %s: %w", fn, err)
}
