/**
 * The cluster harness: real kube-apiserver, Porch, Flux and kwok clusters as local processes on
 * 127.0.0.1, started from the binaries build.sh caches. provision-seed and the system tests run
 * the same code.
 */
export * from './apiserver';
export * from './cache-layout';
export * from './edge';
export * from './flux';
export * from './flux-kwok-binaries';
export * from './free-port';
export * from './git-server';
export * from './kube-binaries';
export * from './kube-credentials';
export * from './porch';
export * from './porch-binaries';
export * from './processes';
export * from './run';
export * from './sloth-binary';
export * from './yaml11-oracle';
