import { hash, verify } from "@node-rs/argon2";

// OWASP 2024 argon2id baseline (m=19 MiB, t=2, p=1).
const OPTIONS = { algorithm: 2 /* Argon2id; the enum is a const enum, unusable with isolatedModules */, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against a fixed hash when the account does not exist keeps timing uniform.
let dummy: Promise<string> | undefined;
export async function burnPasswordCheck(password: string) {
  dummy ??= hashPassword("kilnmark-timing-equaliser");
  await verifyPassword(await dummy, password);
}
