export { accepts, freePort } from '../../commands/provision-seed/src/cluster/free-port';
