import { generateSync } from 'otplib';

import { DEMO_TOTP_SECRET } from './demo.ts';

// `npm run demo:code`: the current TOTP code of the demo accounts (they share one public secret),
// for the second step of a demo login. Demo data only: real accounts enrol their own app or passkey.
const code = generateSync({ secret: DEMO_TOTP_SECRET });
const secondsLeft = 30 - (Math.floor(Date.now() / 1000) % 30);
console.log(`${code}  (demo accounts' code, valid for about ${secondsLeft + 30} more seconds)`);
