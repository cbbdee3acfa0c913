export * from '../../commands/provision-seed/src/cluster/porch-binaries';
