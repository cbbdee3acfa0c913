//go:build tools

// Package build pins the edge cluster's control plane: kube-controller-manager and kube-scheduler
// (kwok runs no scheduler), at the same Kubernetes version as ../kube-apiserver.
package build

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
