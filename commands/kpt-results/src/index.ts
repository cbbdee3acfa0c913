/** What other packages and tests may use of kpt-results: the conversion without the process. */
export { convert } from './convert';
export { fieldPosition } from './field-line';
export { findingsOf, hasError, packageRelative, type Finding } from './findings';
export { readKptResults } from './results-file';
export { githubCommands } from './github';
export { gitlabCodeQuality } from './gitlab';
export { sarifLog } from './sarif';
