export { isSadpError, SadpError, type SadpErrorOptions } from './sadp-error';
