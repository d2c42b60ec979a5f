// Command gen writes the generated records of bench/vtl/templates.jsonl: the AWS documentation's
// mapping templates and typical request and response mappings of public projects, each with
// realistic data, some at 10, 100 and 1000 items. Records it does not generate (the set's
// hand-written first eight) are kept as they are, in place; generated ones are replaced or
// appended. The data comes from a fixed seed, so running it twice writes the same file.
//
// Usage, from the repository root:
//
//	go run ./bench/vtl/gen bench/vtl/templates.jsonl
//
// The templates use the API Gateway variables package bench/vtl/host describes ($input over
// the variable body, $util, $context, $stageVariables), so all three engines can run them.
// Numbers that print are chosen to print alike in Java and JavaScript (no integral doubles).
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
)

// obj is a JSON object that keeps its keys in order, as the templates' output depends on it.
type obj []kv

type kv struct {
	k string
	v any
}

// MarshalJSON writes the members in order.
func (o obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := marshal(m.k)
		if err != nil {
			return nil, err
		}
		v, err := marshal(m.v)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// price is a decimal with two places that never prints as an integral double.
type price int

// MarshalJSON writes cents as a decimal number.
func (p price) MarshalJSON() ([]byte, error) { return fmt.Appendf(nil, "%d.%02d", p/100, p%100), nil }

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// record is one line of templates.jsonl.
type record struct {
	Name     string `json:"name"`
	Template string `json:"template"`
	Vars     obj    `json:"vars"`
}

var rng = newRand()

func newRand() *rand.Rand { return rand.New(rand.NewPCG(7, 2024)) }

func pick[T any](xs []T) T { return xs[rng.IntN(len(xs))] }

// cents returns a price between lo and hi whole units that is never integral.
func cents(lo, hi int) price {
	c := lo*100 + rng.IntN((hi-lo)*100)
	if c%100 == 0 {
		c += 49
	}
	return price(c)
}

var (
	firstNames = []string{"Saanvi", "Mateo", "Aiko", "Liam", "Zara", "Nikhil", "Chloé", "Jorge", "Mei", "Olu", "Ana", "Kwame"}
	lastNames  = []string{"Sarkar", "Jackson", "Tanaka", "Müller", "Okafor", "Silva", "Nguyen", "Kowalski", "Haddad", "Rossi"}
	petTypes   = []string{"dog", "cat", "fish", "bird", "hamster", "gecko"}
	words      = []string{"sunset", "harbor", "mountain", "city lights", "forest trail", "old bridge", "market", "river bend", "snowfall", "desert road"}
	categories = []string{"Footwear", "OUTDOOR", "Camping Gear", "Apparel", "Electronics", "Books"}
	products   = []string{"Trail Running Shoe", "  Down Jacket", "Camp Stove ", "Headlamp 300lm", "Water Filter", " Trekking Poles ", "Rain Shell", "Sleeping Pad"}
	messages   = []string{
		"Great article, thanks for sharing!",
		"I ran into the same issue with the /v2 endpoint; upgrading fixed it.",
		"Could you add an example for \"nested\" lists?",
		"Works for me on Node 20 and Java 17.",
		"Is there a limit of 1000 items per page?",
		"Merci beaucoup, très utile.",
	}
)

func uuid() string {
	return fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", rng.Uint32(), rng.IntN(1<<16), rng.IntN(1<<12), rng.IntN(1<<12), rng.Uint64()&(1<<48-1))
}

func pets(n int) []obj {
	out := make([]obj, n)
	for i := range out {
		out[i] = obj{{"id", i + 1}, {"type", pick(petTypes)}, {"price", cents(5, 500)}}
	}
	return out
}

func photos(n int) obj {
	list := make([]obj, n)
	for i := range list {
		list[i] = obj{
			{"id", fmt.Sprintf("%011d", 12345678901+i*7919)},
			{"owner", fmt.Sprintf("%08d@N%02d", 23456789+i, i%100)},
			{"photographer_first_name", pick(firstNames)},
			{"photographer_last_name", pick(lastNames)},
			{"secret", fmt.Sprintf("%010x", rng.Uint64()&(1<<40-1))},
			{"server", fmt.Sprint(1000 + rng.IntN(9000))},
			{"farm", 1 + rng.IntN(9)},
			{"title", fmt.Sprintf("Sample photo %d: %s", i+1, pick(words))},
			{"ispublic", rng.IntN(4) != 0},
			{"isfriend", rng.IntN(3) == 0},
			{"isfamily", rng.IntN(5) == 0},
		}
	}
	return obj{{"photos", obj{{"page", 1}, {"pages", "1234"}, {"perpage", n}, {"total", "123398"}, {"photo", list}}}}
}

func comments(n int) obj {
	items := make([]obj, n)
	for i := range items {
		items[i] = obj{
			{"commentId", obj{{"S", uuid()}}},
			{"pageId", obj{{"S", "page-2024-07"}}},
			{"userName", obj{{"S", strings.ToLower(pick(firstNames)) + fmt.Sprint(rng.IntN(1000))}}},
			{"message", obj{{"S", pick(messages)}}},
			{"createdAt", obj{{"N", fmt.Sprint(1720000000 + i*37)}}},
		}
	}
	return obj{{"Count", n}, {"Items", items}, {"ScannedCount", n}}
}

func catalog(n int) obj {
	list := make([]obj, n)
	for i := range list {
		p := cents(3, 400)
		list[i] = obj{
			{"sku", fmt.Sprintf("SKU-%05d", 10000+i*13)},
			{"name", pick(products)},
			{"category", pick(categories)},
			{"price", p},
			{"listPrice", p + price(rng.IntN(3)*500)},
			{"stock", rng.IntN(60)},
			{"tags", []string{pick(words), pick(words)}},
		}
	}
	return obj{{"page", 1}, {"products", list}}
}

func orders(n, lines int) obj {
	list := make([]obj, n)
	for i := range list {
		ls := make([]obj, lines)
		for j := range ls {
			ls[j] = obj{{"sku", fmt.Sprintf("SKU-%05d", 10000+rng.IntN(5000))}, {"qty", 1 + rng.IntN(4)}, {"unitPrice", cents(2, 120)}}
		}
		list[i] = obj{
			{"orderId", fmt.Sprintf("ORD-%06d", 500000+i)},
			{"customer", obj{{"id", fmt.Sprintf("C%05d", rng.IntN(99999))}, {"name", pick(firstNames) + " " + pick(lastNames)}, {"tier", pick([]string{"gold", "silver", "standard"})}}},
			{"status", pick([]string{"PENDING", "SHIPPED", "DELIVERED"})},
			{"lines", ls},
		}
	}
	return obj{{"orders", list}}
}

var headers = obj{
	{"Accept", "application/json"},
	{"Accept-Encoding", "gzip, deflate, br"},
	{"CloudFront-Forwarded-Proto", "https"},
	{"CloudFront-Is-Desktop-Viewer", "true"},
	{"CloudFront-Viewer-Country", "DE"},
	{"Content-Type", "application/json"},
	{"Host", "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com"},
	{"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"},
	{"Via", "2.0 5f3a6a1c0d9e.cloudfront.net (CloudFront)"},
	{"X-Amz-Cf-Id", "Qx4zTb9vXk2mP7rLw0sYH3eN8cF5jD1uA6gR2tZ9oKqVyW4iB7nM0e=="},
	{"X-Amzn-Trace-Id", "Root=1-66a0f3c2-4b7d9e1f2a3c5b6d7e8f9a0b"},
	{"X-Forwarded-For", "203.0.113.7, 198.51.100.23"},
	{"X-Forwarded-Port", "443"},
	{"X-Forwarded-Proto", "https"},
}

var params = obj{
	{"path", obj{{"id", "ORD-500042"}}},
	{"querystring", obj{{"limit", "25"}, {"sort", "-createdAt"}, {"filter", "status:SHIPPED"}, {"pageId", "page-2024-07"}}},
	{"header", headers},
}

var context = obj{
	{"accountId", "123456789012"},
	{"apiId", "a1b2c3d4e5"},
	{"authorizer", obj{{"principalId", "user|a1b2c3"}, {"scope", "orders:read orders:write"}, {"tenant", "acme-eu"}}},
	{"httpMethod", "POST"},
	{"identity", obj{
		{"accountId", ""}, {"apiKey", ""}, {"caller", ""},
		{"cognitoAuthenticationProvider", ""}, {"cognitoAuthenticationType", ""},
		{"cognitoIdentityId", ""}, {"cognitoIdentityPoolId", ""},
		{"sourceIp", "203.0.113.7"}, {"user", ""},
		{"userAgent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"},
		{"userArn", ""},
	}},
	{"requestId", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"},
	{"resourceId", "x1y2z3"},
	{"resourcePath", "/orders/{id}"},
	{"stage", "prod"},
}

var stageVariables = obj{{"backend", "orders.internal.example.com"}, {"version", "v2"}, {"logLevel", "INFO"}}

// order is a request body of moderate size.
var order = obj{
	{"orderId", "ORD-500042"},
	{"customer", obj{{"id", "C04217"}, {"name", "Chloé Müller"}, {"email", "chloe@example.com"}, {"note", "Leave at the \"back\" door / garage"}}},
	{"lines", []obj{
		{{"sku", "SKU-10013"}, {"qty", 2}, {"unitPrice", price(8999)}},
		{{"sku", "SKU-10442"}, {"qty", 1}, {"unitPrice", price(1450)}},
		{{"sku", "SKU-11301"}, {"qty", 3}, {"unitPrice", price(399)}},
	}},
	{"shipping", obj{{"method", "express"}, {"address", obj{{"street", "Hauptstraße 5"}, {"city", "Berlin"}, {"zip", "10115"}, {"country", "DE"}}}}},
	{"giftWrap", false},
	{"coupon", nil},
}

const (
	// The AWS documentation's PetStore integration response (an array transform).
	awsPets = `#set($inputRoot = $input.path('$'))
[
#foreach($elem in $inputRoot)
  {
    "description" : "Item $elem.id is a $elem.type.",
    "askingPrice" : $elem.price
  }#if($foreach.hasNext),#end

#end
]`
	// The AWS documentation's photos example: a nested array reshaped.
	awsPhotos = `#set($inputRoot = $input.path('$'))
{
  "photos": [
#foreach($elem in $inputRoot.photos.photo)
    {
      "id": "$elem.id",
      "photographedBy": "$elem.photographer_first_name $elem.photographer_last_name",
      "title": "$elem.title",
      "ispublic": $elem.ispublic,
      "isfriend": $elem.isfriend,
      "isfamily": $elem.isfamily
    }#if($foreach.hasNext),#end
#end
  ]
}`
	// The console's "Method Request passthrough" template.
	awsPassthrough = `##  See the API Gateway developer guide's mapping template reference.
##  This template passes through all parameters (path, querystring, header), stage variables
##  and context to the integration endpoint in the body.
#set($allParams = $input.params())
{
"body-json" : $input.json('$'),
"params" : {
#foreach($type in $allParams.keySet())
#set($params = $allParams.get($type))
"$type" : {
    #foreach($paramName in $params.keySet())
    "$paramName" : "$util.escapeJavaScript($params.get($paramName))"
        #if($foreach.hasNext),#end
    #end
}
    #if($foreach.hasNext),#end
#end
},
"stage-variables" : {
#foreach($key in $stageVariables.keySet())
"$key" : "$util.escapeJavaScript($stageVariables.get($key))"
    #if($foreach.hasNext),#end
#end
},
"context" : {
    "account-id" : "$context.identity.accountId",
    "api-id" : "$context.apiId",
    "api-key" : "$context.identity.apiKey",
    "authorizer-principal-id" : "$context.authorizer.principalId",
    "caller" : "$context.identity.caller",
    "cognito-authentication-provider" : "$context.identity.cognitoAuthenticationProvider",
    "cognito-authentication-type" : "$context.identity.cognitoAuthenticationType",
    "cognito-identity-id" : "$context.identity.cognitoIdentityId",
    "cognito-identity-pool-id" : "$context.identity.cognitoIdentityPoolId",
    "http-method" : "$context.httpMethod",
    "stage" : "$context.stage",
    "source-ip" : "$context.identity.sourceIp",
    "user" : "$context.identity.user",
    "user-agent" : "$context.identity.userAgent",
    "user-arn" : "$context.identity.userArn",
    "request-id" : "$context.requestId",
    "resource-id" : "$context.resourceId",
    "resource-path" : "$context.resourcePath"
    }
}`
	// The AWS tutorial's DynamoDB PutItem request (the Comments table).
	dynamoPutItem = `{
    "TableName": "Comments",
    "Item": {
        "commentId": {
            "S": "$context.requestId"
        },
        "pageId": {
            "S": "$input.path('$.pageId')"
        },
        "userName": {
            "S": "$input.path('$.userName')"
        },
        "message": {
            "S": "$util.escapeJavaScript($input.path('$.message'))"
        },
        "createdAt": {
            "N": "$input.path('$.createdAt')"
        }
    }
}`
	// The same tutorial's Query request, from a query string parameter.
	dynamoQueryRequest = `{
    "TableName": "Comments",
    "IndexName": "pageId-index",
    "KeyConditionExpression": "pageId = :v1",
    "ExpressionAttributeValues": {
        ":v1": {
            "S": "$input.params('pageId')"
        }
    }#if($input.params('limit') != ""),
    "Limit": $input.params('limit')#end
}`
	// The same tutorial's Query response, reshaping DynamoDB's typed attributes.
	dynamoQueryResponse = `#set($inputRoot = $input.path('$'))
{
    "comments": [
        #foreach($elem in $inputRoot.Items) {
            "commentId": "$elem.commentId.S",
            "userName": "$elem.userName.S",
            "message": "$util.escapeJavaScript($elem.message.S)",
            "createdAt": $elem.createdAt.N
        }#if($foreach.hasNext),#end
	#end
    ],
    "count": $inputRoot.Count
}`
	// The request template the Serverless Framework generates for a Lambda (non-proxy)
	// integration: every header, query and path parameter, the identity and the stage
	// variables through one #define, escaped and with \' turned back into '.
	serverlessLambda = `  #define( $loop )
    {
    #foreach($key in $map.keySet())
#set( $k = $util.escapeJavaScript($key) )
#set( $v = $util.escapeJavaScript($map.get($key)).replaceAll("\\'", "'") )
        "$k":
          "$v"
          #if( $foreach.hasNext ) , #end
    #end
    }
  #end

  {
    "body": $input.json("$"),
    "method": "$context.httpMethod",
    "principalId": "$context.authorizer.principalId",
    "stage": "$context.stage",

    "enhancedAuthContext": {
      #foreach($key in $context.authorizer.keySet())
       "$util.escapeJavaScript($key)":
         "$util.escapeJavaScript($context.authorizer.get($key))"
         #if( $foreach.hasNext ) , #end
      #end
    },

    #set( $map = $input.params().header )
    "headers": $loop,

    #set( $map = $input.params().querystring )
    "query": $loop,

    #set( $map = $input.params().path )
    "path": $loop,

    #set( $map = $context.identity )
    "identity": $loop,

    #set( $map = $stageVariables )
    "stageVariables": $loop,

    "requestPath": "$context.resourcePath"
  }`
	// A response mapping that reads four properties of each product, calls String methods,
	// compares two Doubles and prints a Double.
	catalogTemplate = `#set($root = $input.path('$'))
{
  "page": $root.page,
  "items": [
#foreach($p in $root.products)
    {"sku": "$p.sku", "name": "$p.name.trim()", "category": "$p.category.toLowerCase()", "price": $p.price, "onSale": #if($p.price < $p.listPrice)true#{else}false#end, "inStock": #if($p.stock > 0)true#{else}false#end}#if($foreach.hasNext),#end
#end
  ]
}`
	// Nested arrays: each order's lines, with a running quantity and per-line amounts.
	ordersNested = `#set($root = $input.path('$'))
{"orders": [
#foreach($o in $root.orders)
#set($items = 0)
  {
    "id": "$o.orderId",
    "customer": "$o.customer.name",
    "priority": #if($o.customer.tier == "gold")true#{else}false#end,
    "status": "$o.status.toLowerCase()",
    "lines": [#foreach($l in $o.lines)#set($items = $items + $l.qty){"sku": "$l.sku", "qty": $l.qty, "unitPrice": $l.unitPrice, "line": $foreach.count}#if($foreach.hasNext), #end#end],
    "items": $items
  }#if($foreach.hasNext),#end
#end
]}`
	// The AWS documentation's SQS SendMessage through an AWS service integration.
	sqsSendMessage = `Action=SendMessage&MessageBody=$util.urlEncode($input.body)&MessageAttribute.1.Name=requestId&MessageAttribute.1.Value.StringValue=$context.requestId&MessageAttribute.1.Value.DataType=String&MessageAttribute.2.Name=sourceIp&MessageAttribute.2.Value.StringValue=$util.urlEncode($context.identity.sourceIp)&MessageAttribute.2.Value.DataType=String`
	// The AWS documentation's Kinesis PutRecord (the Kinesis proxy tutorial): the record's data
	// as base64.
	kinesisPutRecord = `{
    "StreamName": "$input.path('$.StreamName')",
    "Data": "$util.base64Encode($input.path('$.Data'))",
    "PartitionKey": "$input.path('$.PartitionKey')"
}`
	// The AWS documentation's Step Functions StartExecution: the body as an escaped string.
	stepFunctionsStart = `#set($data = $util.escapeJavaScript($input.json('$')))
{
    "input": "$data",
    "name": "$context.requestId",
    "stateMachineArn": "arn:aws:states:eu-west-1:$context.accountId:stateMachine:OrderFlow-$stageVariables.version"
}`
	// Query string parameters with defaults and checks, into a backend's JSON request.
	queryToJSON = `#set($limit = $input.params('limit'))
#set($sort = $input.params('sort'))
#set($filter = $input.params('filter'))
{
  "limit": #if($limit == "")20#{else}$limit#end,
#if($sort.startsWith("-"))
  "sort": {"field": "$sort.substring(1)", "order": "desc"},
#else
  "sort": {"field": "$sort", "order": "asc"},
#end
#if($filter.indexOf(":") > 0)
#set($parts = $filter.split(":"))
  "filter": {"$parts[0]": "$parts[1]"},
#end
  "tenant": "$context.authorizer.tenant",
  "scopes": [#foreach($s in $context.authorizer.scope.split(" "))"$s"#if($foreach.hasNext),#end#end],
  "traceId": "$input.params('X-Amzn-Trace-Id').replace("Root=", "")"
}`
)

// generated returns the generated records in order.
func generated() []record {
	common := func(more ...kv) obj {
		return append(obj{{"params", params}, {"context", context}, {"stageVariables", stageVariables}}, more...)
	}
	var rs []record
	for _, n := range []int{10, 100, 1000} {
		rs = append(rs, record{fmt.Sprintf("aws-pets-%d", n), awsPets, common(kv{"body", pets(n)})})
	}
	for _, n := range []int{10, 100, 1000} {
		rs = append(rs, record{fmt.Sprintf("aws-photos-%d", n), awsPhotos, common(kv{"body", photos(n)})})
	}
	rs = append(rs,
		record{"aws-passthrough", awsPassthrough, common(kv{"body", order})},
		record{"dynamodb-putitem", dynamoPutItem, common(kv{"body", obj{{"pageId", "page-2024-07"}, {"userName", "saanvi42"}, {"message", "Could you add an example for \"nested\" lists? Thanks / merci!"}, {"createdAt", 1720000123}}})},
		record{"dynamodb-query-request", dynamoQueryRequest, common(kv{"body", obj{}})},
	)
	for _, n := range []int{10, 100, 1000} {
		rs = append(rs, record{fmt.Sprintf("dynamodb-query-response-%d", n), dynamoQueryResponse, common(kv{"body", comments(n)})})
	}
	rs = append(rs, record{"serverless-lambda-request", serverlessLambda, common(kv{"body", order})})
	for _, n := range []int{10, 100, 1000} {
		rs = append(rs, record{fmt.Sprintf("catalog-%d", n), catalogTemplate, common(kv{"body", catalog(n)})})
	}
	rs = append(rs,
		record{"orders-nested-20x5", ordersNested, common(kv{"body", orders(20, 5)})},
		record{"sqs-sendmessage", sqsSendMessage, common(kv{"body", order})},
		record{"kinesis-putrecord", kinesisPutRecord, common(kv{"body", obj{{"StreamName", "clickstream-prod"},
			{"Data", `{"event":"page_view","user":"u-48213","session":"s-9f2c41","path":"/products/trail-shoe?color=red&size=42","referrer":"https://www.example.com/search?q=trail+shoes","ts":1720000123456,"ua":"Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0"}`},
			{"PartitionKey", "u-48213"}}})},
		record{"stepfunctions-start", stepFunctionsStart, common(kv{"body", order})},
		record{"querystring-to-json", queryToJSON, common(kv{"body", obj{}})},
	)
	return rs
}

func run(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	gen := generated()
	byName := map[string]int{}
	for i, r := range gen {
		byName[r.Name] = i
	}
	var out bytes.Buffer
	written := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var head struct{ Name string }
		if err := json.Unmarshal(line, &head); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if i, ok := byName[head.Name]; ok {
			if err := write(&out, gen[i]); err != nil {
				return err
			}
			written[head.Name] = true
			continue
		}
		out.Write(line)
		out.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return err
	}
	for _, r := range gen {
		if !written[r.Name] {
			if err := write(&out, r); err != nil {
				return err
			}
		}
	}
	return os.WriteFile(path, out.Bytes(), 0o644)
}

func write(out *bytes.Buffer, r record) error {
	b, err := marshal(r)
	if err != nil {
		return fmt.Errorf("%s: %w", r.Name, err)
	}
	out.Write(b)
	out.WriteByte('\n')
	return nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, errors.New("usage: gen templates.jsonl"))
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
