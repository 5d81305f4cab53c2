import { packageProject } from '../../vitest.shared';

export default packageProject('@sadp/dataset');
