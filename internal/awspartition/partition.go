// Package awspartition is the one table of AWS partitions apigate uses: which partition a
// region belongs to, the partition's name in ARNs and the DNS suffix of its endpoints. The
// table follows the partitions file the AWS SDKs generate their endpoint rules from
// (aws-sdk-go-v2's internal/endpoints/awsrulesfn/partitions.json): a region belongs to the first
// partition whose prefix it has, and to aws when it has none.
package awspartition

import "strings"

// Partition is one AWS partition.
type Partition struct {
	// Name is the partition's name in ARNs: aws, aws-cn, aws-us-gov, ...
	Name string
	// DNSSuffix is the domain of the partition's service endpoints: amazonaws.com,
	// amazonaws.com.cn, ...
	DNSSuffix string
	// prefix is the region name prefix of the partition's regions; "" for aws.
	prefix string
}

// partitions are AWS's partitions, the commercial one (aws, the fallback) last.
var partitions = [...]Partition{
	{Name: "aws-cn", DNSSuffix: "amazonaws.com.cn", prefix: "cn-"},
	{Name: "aws-eusc", DNSSuffix: "amazonaws.eu", prefix: "eusc-"},
	{Name: "aws-iso", DNSSuffix: "c2s.ic.gov", prefix: "us-iso-"},
	{Name: "aws-iso-b", DNSSuffix: "sc2s.sgov.gov", prefix: "us-isob-"},
	{Name: "aws-iso-e", DNSSuffix: "cloud.adc-e.uk", prefix: "eu-isoe-"},
	{Name: "aws-iso-f", DNSSuffix: "csp.hci.ic.gov", prefix: "us-isof-"},
	{Name: "aws-us-gov", DNSSuffix: "amazonaws.com", prefix: "us-gov-"},
	{Name: "aws", DNSSuffix: "amazonaws.com"},
}

// ForRegion returns the partition of a region: aws for a region of no other partition.
func ForRegion(region string) Partition {
	for _, p := range partitions {
		if strings.HasPrefix(region, p.prefix) {
			return p
		}
	}
	panic("unreachable: the aws partition has no prefix")
}

// Named returns the partition called name and whether there is one.
func Named(name string) (Partition, bool) {
	for _, p := range partitions {
		if p.Name == name {
			return p, true
		}
	}
	return Partition{}, false
}

// ValidRegion reports whether s has the shape of a region name: a lower-case letter, then
// lower-case letters, digits and hyphens. It does not check that the region exists, so that
// regions AWS opens later work.
func ValidRegion(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
