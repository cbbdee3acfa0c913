'use strict';
// The entrypoint of every function image: each image holds one function's bundle under this name.
require('./launch-bundle.js').launchBundle('/app/function.bundle.js');
