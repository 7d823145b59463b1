export { decodeGob, decodeGobValue, type GobDecoded } from './decode.js';
export { encodeGob, GobEncoder } from './encode.js';
export {
  GOB_BASIC_IDS,
  GOB_FIRST_USER_ID,
  GobError,
  type GobField,
  type GobMap,
  type GobSlice,
  type GobStruct,
  type GobType,
  gobZero,
} from './types.js';
