// Command yaml11-oracle reads YAML the way kubectl and Argo CD do (sigs.k8s.io/yaml, which
// decodes with go-yaml v2, YAML 1.1) so the tests can compare every written value's type with
// its YAML 1.2 reading.
//
//	yaml11-oracle FILE...       prints one JSON object: file -> list of its documents as JSON
//	yaml11-oracle --documents   reads a JSON list of YAML texts on stdin and prints a JSON list of
//	                            their values (null for a text that does not parse)
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"

	"sigs.k8s.io/yaml"
)

var documentSeparator = regexp.MustCompile(`(?m)^---[ \t]*$`)

func main() {
	if len(os.Args) == 2 && os.Args[1] == "--documents" {
		fail(documents())
		return
	}
	out := map[string][]json.RawMessage{}
	for _, path := range os.Args[1:] {
		text, err := os.ReadFile(path)
		fail(err)
		for _, doc := range documentSeparator.Split(string(text), -1) {
			if strings.TrimSpace(stripComments(doc)) == "" {
				continue
			}
			j, err := yaml.YAMLToJSON([]byte(doc))
			if err != nil {
				fail(fmt.Errorf("%s: %w", path, err))
			}
			out[path] = append(out[path], j)
		}
	}
	fail(json.NewEncoder(os.Stdout).Encode(out))
}

func documents() error {
	var texts []string
	if err := json.NewDecoder(os.Stdin).Decode(&texts); err != nil {
		return err
	}
	values := make([]json.RawMessage, len(texts))
	for i, text := range texts {
		j, err := yaml.YAMLToJSON([]byte(text))
		if err != nil {
			j = []byte("null")
		}
		values[i] = j
	}
	return json.NewEncoder(os.Stdout).Encode(values)
}

func stripComments(doc string) string {
	var kept []string
	for _, line := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			kept = append(kept, line)
		}
	}
	return strings.Join(kept, "\n")
}

func fail(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "yaml11-oracle:", err)
		os.Exit(1)
	}
}
