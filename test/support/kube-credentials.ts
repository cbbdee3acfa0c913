export * from '../../commands/provision-seed/src/cluster/kube-credentials';
