/** `npm run releases`: image pins and plugin pins, component × environment, differences marked `≠`. */
import { environments } from '../config/environments';
import { releaseTable } from './releases';

console.log(releaseTable(environments));
