package scenarios

import (
	"strings"
	"testing"
)

func TestCheckShape(t *testing.T) {
	t.Parallel()
	deep := "x = " + strings.Repeat("[", 30000) + strings.Repeat("]", 30000)
	tests := []struct {
		name string
		src  string
		line int
		want string
	}{
		{"scenario", "extends = \"classroom\"\n[fiscal]\npatronage_weight = 0.5\n[[events]]\nmonth = 3\nset = { \"fiscal.own_budget\" = false, x = [[1, 2], [3.25]] }\n", 0, ""},
		{"deep array", "# a comment\n" + deep, 2, "nested more than 32"},
		{"deep inline table", "x = " + strings.Repeat("{a=", 40) + "1" + strings.Repeat("}", 40), 1, "nested more than 32"},
		{"long dotted key", "\n\n" + strings.Repeat("a.", 30000) + "a = 1\n", 3, "more than 64 parts"},
		{"long dotted header", "[" + strings.Repeat("a.", 100) + "a]\n", 1, "more than 64 parts"},
		{"numbers are not key parts", "x = [" + strings.Repeat("0.5, ", 200) + "1.25]\n", 0, ""},
		{"brackets in strings", "a = \"" + strings.Repeat("[", 100) + "\"\nb = '" + strings.Repeat("{", 100) + "'\nc = \"\"\"\n" + strings.Repeat("[.", 100) + "\n\"\"\"\n", 0, ""},
		{"escaped quote", "a = \"\\\"" + strings.Repeat("[", 100) + "\"\n", 0, ""},
		{"brackets in comments", "# " + strings.Repeat("[", 100) + "\n", 0, ""},
		{"line after a multi-line string", "a = '''\n\n'''\nx = " + strings.Repeat("[", 33), 4, "nested"},
	}
	for _, tt := range tests {
		line, msg := checkShape([]byte(tt.src))
		if line != tt.line || !strings.Contains(msg, tt.want) {
			t.Errorf("%s: line %d %q, want line %d %q", tt.name, line, msg, tt.line, tt.want)
		}
	}
	// Through the loader: one problem, naming the file and line.
	_, err := Parse("deep.toml", []byte("# x\n"+deep), nil)
	if err == nil || !strings.HasPrefix(err.Error(), "deep.toml:2: not a scenario file: tables or arrays nested more than 32 deep") {
		t.Errorf("Parse: %v", err)
	}
}
