//go:build tools

package porchbuild

import (
	_ "github.com/nephio-project/porch/cmd/porch"
	_ "github.com/nephio-project/porch/cmd/porchctl"
	_ "github.com/nephio-project/porch/controllers"
	_ "github.com/nephio-project/porch/func/server"
)
