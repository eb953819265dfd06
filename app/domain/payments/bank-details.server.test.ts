import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "~/utils/env.server";
import { bankDetails, requireOfflineSettlement } from "./bank-details.server";

const full = {
  BANK_NAME: "ICBC Jingdezhen Branch",
  BANK_ACCOUNT_NAME: "Jingdezhen Ceramic Copyright Exchange Center",
  BANK_ACCOUNT_NUMBER: "1503 0000 0000 1234",
};

describe("bank details from configuration", () => {
  it("has no placeholder defaults: nothing configured means offline settlement is disabled", () => {
    const env = parseEnv({});
    expect(env.BANK_NAME).toBeUndefined();
    expect(env.BANK_ACCOUNT_NAME).toBeUndefined();
    expect(env.BANK_ACCOUNT_NUMBER).toBeUndefined();
    expect(bankDetails(env)).toBeNull();
    expect(() => requireOfflineSettlement(bankDetails(env))).toThrowError(/payments\.error\.offlineDisabled/);
    // Blank values count as unset.
    expect(bankDetails(parseEnv({ BANK_NAME: " ", BANK_ACCOUNT_NAME: "", BANK_ACCOUNT_NUMBER: "" }))).toBeNull();
  });

  it("accepts all three, trimmed", () => {
    const env = parseEnv({ ...full, BANK_NAME: `  ${full.BANK_NAME} ` });
    expect(bankDetails(env)).toEqual({ bankName: full.BANK_NAME, accountName: full.BANK_ACCOUNT_NAME, accountNumber: full.BANK_ACCOUNT_NUMBER });
  });

  it("refuses a partial configuration at start-up, naming each missing variable", () => {
    let err: unknown;
    try {
      parseEnv({ BANK_NAME: full.BANK_NAME });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EnvError);
    const problems = (err as EnvError).problems.join("\n");
    expect(problems).toMatch(/BANK_ACCOUNT_NAME is required/);
    expect(problems).toMatch(/BANK_ACCOUNT_NUMBER is required/);
    expect(problems).not.toMatch(/^BANK_NAME/m);
  });

  it("refuses the old placeholders", () => {
    expect(() => parseEnv({ ...full, BANK_NAME: "(set BANK_NAME)" })).toThrowError(/BANK_NAME looks like a placeholder/);
    expect(() => parseEnv({ ...full, BANK_ACCOUNT_NUMBER: "(set BANK_ACCOUNT_NUMBER)" })).toThrowError(/BANK_ACCOUNT_NUMBER looks like a placeholder/);
    expect(() => parseEnv({ ...full, BANK_ACCOUNT_NUMBER: "TODO" })).toThrowError(/placeholder/);
  });
});
