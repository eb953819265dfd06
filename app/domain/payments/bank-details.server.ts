import { DomainError } from "~/domain/errors";
import { getEnv, type Env } from "~/utils/env.server";

export type BankDetails = { accountName: string; bankName: string; accountNumber: string };

/**
 * The exchange center's account for bank transfers, or null when it is not configured — then
 * offline settlement is disabled: nothing may ask a licensee to transfer money to an account we
 * cannot name (the start-up check guarantees all three values or none).
 */
export function bankDetails(env: Pick<Env, "BANK_NAME" | "BANK_ACCOUNT_NAME" | "BANK_ACCOUNT_NUMBER"> = getEnv()): BankDetails | null {
  if (!env.BANK_NAME || !env.BANK_ACCOUNT_NAME || !env.BANK_ACCOUNT_NUMBER) return null;
  return { accountName: env.BANK_ACCOUNT_NAME, bankName: env.BANK_NAME, accountNumber: env.BANK_ACCOUNT_NUMBER };
}

/** Throws the officers' "configure the bank account first" error when offline settlement is disabled. */
export function requireOfflineSettlement(bank: BankDetails | null): BankDetails {
  if (!bank) throw new DomainError("CONFLICT", "payments.error.offlineDisabled");
  return bank;
}
