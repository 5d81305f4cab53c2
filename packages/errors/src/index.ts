export { errorMessage, fileErrorReason, isSadpError, SadpError, type SadpErrorOptions } from './sadp-error';
