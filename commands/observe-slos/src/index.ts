/** What other packages and tests may use of observe-slos: the observation file it writes. */
export { observationFileText } from './observation-file';
