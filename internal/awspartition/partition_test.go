package awspartition

import "testing"

func TestForRegion(t *testing.T) {
	for _, c := range []struct{ region, name, suffix string }{
		{"us-east-1", "aws", "amazonaws.com"},
		{"eu-west-3", "aws", "amazonaws.com"},
		{"il-central-1", "aws", "amazonaws.com"},
		{"cn-north-1", "aws-cn", "amazonaws.com.cn"},
		{"cn-northwest-1", "aws-cn", "amazonaws.com.cn"},
		{"us-gov-west-1", "aws-us-gov", "amazonaws.com"},
		{"us-iso-east-1", "aws-iso", "c2s.ic.gov"},
		{"us-isob-east-1", "aws-iso-b", "sc2s.sgov.gov"},
		{"eu-isoe-west-1", "aws-iso-e", "cloud.adc-e.uk"},
		{"us-isof-south-1", "aws-iso-f", "csp.hci.ic.gov"},
		{"eusc-de-east-1", "aws-eusc", "amazonaws.eu"},
		{"", "aws", "amazonaws.com"},
	} {
		p := ForRegion(c.region)
		if p.Name != c.name || p.DNSSuffix != c.suffix {
			t.Errorf("ForRegion(%q) = %s %s, want %s %s", c.region, p.Name, p.DNSSuffix, c.name, c.suffix)
		}
		if q, ok := Named(c.name); !ok || q != p {
			t.Errorf("Named(%q) = %v %v, want %v", c.name, q, ok, p)
		}
	}
	if _, ok := Named("aws-x"); ok {
		t.Error("Named(aws-x) found a partition")
	}
}

func TestValidRegion(t *testing.T) {
	for s, want := range map[string]bool{"us-east-1": true, "eusc-de-east-1": true, "": false,
		"1us": false, "US-EAST-1": false, "us_east": false, "a": true} {
		if got := ValidRegion(s); got != want {
			t.Errorf("ValidRegion(%q) = %v, want %v", s, got, want)
		}
	}
}
