// The per-container check an archive verification runs with a trust: full ASiC verification,
// where a container that is no usable zip is one more bad container in the archive (its bytes
// are what the chain vouches for), not a reason to stop reading the archive.
import { invalidVerdict, isUnusableInputError, verifyAsicContainer, type VerifyAsicOptions } from '../asic/index.js';
import type { ContainerVerifier } from './archive-verifier.js';

export function asicContainerCheck(options: VerifyAsicOptions): ContainerVerifier {
  return async (bytes) => {
    try {
      return await verifyAsicContainer(bytes, options);
    } catch (err) {
      if (isUnusableInputError(err)) return invalidVerdict(err.code, err.message);
      throw err;
    }
  };
}
