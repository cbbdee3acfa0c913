//go:build tools

// Package build pins Flux's kustomize-controller so `go build` in this module builds it with the
// versions in go.mod (the controller's own replace directives refuse `go install`).
package build

import _ "github.com/fluxcd/kustomize-controller"
