// Package methodrequest builds the method request, the *apigate.Request every stage after
// routing reads, from the client's *http.Request: the method after X-HTTP-Method-Override, the
// query and headers as API Gateway reads them, the request's ids and the parts of $context the
// client's request decides. It is the one place that knows how, shared by the gateway, which
// builds one per request, and by apigatetest, which builds them for users' tests.
//
// Everything here is on the request path of every request: no function allocates more than
// the values it returns.
package methodrequest
