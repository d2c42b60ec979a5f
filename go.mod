module github.com/apigate/apigate

go 1.26.8

require (
	github.com/dlclark/regexp2 v1.12.0
	github.com/ohler55/ojg v1.28.5
)
