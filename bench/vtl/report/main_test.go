package main

import (
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	const header = "| template | apigate (Go) renders/s | Velocity 1.7 (JVM) renders/s | velocityjs renders/s | Go/JVM | Go/JS | Go allocs/render | output |\n" +
		"|---|---:|---:|---:|---:|---:|---:|---|\n"
	tests := []struct {
		name    string
		input   string
		want    string
		wantErr string
	}{
		{
			name: "best of rounds and geometric means",
			input: `{"engine":"apigate-vtl-go","name":"a","renders_per_sec":900,"allocs_per_render":0,"output_sha256":"x"}
{"engine":"velocity-1.7-jvm","name":"a","renders_per_sec":100,"output_sha256":"x"}
{"engine":"velocityjs-2.1.7-node","name":"a","renders_per_sec":50,"output_sha256":"x"}
{"engine":"apigate-vtl-go","name":"b","renders_per_sec":400,"allocs_per_render":2,"output_sha256":"y"}
{"engine":"velocity-1.7-jvm","name":"b","renders_per_sec":100,"output_sha256":"z"}
{"engine":"velocityjs-2.1.7-node","name":"b","renders_per_sec":40,"output_sha256":"z"}
{"engine":"apigate-vtl-go","name":"a","renders_per_sec":1000,"allocs_per_render":0,"output_sha256":"x"}
`,
			want: header +
				"| a | 1000 | 100 | 50 | 10.0x | 20.0x | 0.0 | same |\n" +
				"| b | 400 | 100 | 40 | 4.0x | 10.0x | 2.0 | go≠jvm |\n" +
				"\n" +
				"- apigate / Velocity 1.7 (JVM): geometric mean 6.3x (target 8x: NOT met), lowest 4.0x (target 5x on every template: NOT met, 1 of 2 below)\n" +
				"- apigate / velocityjs: geometric mean 14.1x (target 20x: NOT met), lowest 10.0x\n",
		},
		{
			name: "missing engine",
			input: `{"engine":"velocity-1.7-jvm","name":"a","renders_per_sec":100,"output_sha256":"x"}
{"engine":"velocityjs-2.1.7-node","name":"a","renders_per_sec":50,"output_sha256":"w"}
`,
			want: header +
				"| a | n/a | 100 | 50 | n/a | n/a | n/a | js≠jvm |\n" +
				"\n" +
				"- apigate / Velocity 1.7 (JVM): n/a\n" +
				"- apigate / velocityjs: n/a\n",
		},
		{name: "empty", input: "\n", wantErr: "no results"},
		{name: "not JSON", input: "{\n", wantErr: "stdin:1: unexpected end of JSON input"},
		{name: "no engine", input: `{"name":"a"}`, wantErr: "stdin:1: a record needs engine and name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			err := run(&out, strings.NewReader(tt.input), nil)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if out.String() != tt.want {
				t.Errorf("output:\n%s\nwant:\n%s", out.String(), tt.want)
			}
		})
	}
}
