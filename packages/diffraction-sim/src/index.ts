export { electronWavelength } from './wavelength';
