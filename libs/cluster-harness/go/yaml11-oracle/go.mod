module focom.nephio.org/test/yaml11-oracle

go 1.22

require sigs.k8s.io/yaml v1.4.0
