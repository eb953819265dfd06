/**
 * npx tsx scripts/deploy-anchor.ts --rpc URL --key 0xPRIVATEKEY
 * Deploys contracts/Anchor.json (compiled by scripts/compile-contract.ts) and prints the address.
 * The deploying key becomes the contract's owner: the only key allowed to anchor roots, so use the
 * key the server will anchor with (ANCHOR_PRIVATE_KEY or the registry key).
 */
import { JsonRpcProvider } from "ethers";
import artifact from "../contracts/Anchor.json";
import { deployAnchorContract } from "../app/domain/anchoring/anchor-client.server";

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const rpc = opt("--rpc") ?? process.env.ANCHOR_RPC_URL;
const key = opt("--key") ?? process.env.ANCHOR_PRIVATE_KEY;
if (!rpc || !key) {
  console.error("usage: npx tsx scripts/deploy-anchor.ts --rpc URL --key 0xPRIVATEKEY");
  process.exit(2);
}

const provider = new JsonRpcProvider(rpc, undefined, { staticNetwork: true });
try {
  const chainId = Number((await provider.getNetwork()).chainId);
  const { address, txHash } = await deployAnchorContract({ provider, privateKey: key, bytecode: artifact.bytecode });
  console.error(`deployed Anchor on chain ${chainId} in ${txHash} (solc ${artifact.compiler.version})`);
  console.log(address);
} catch (e) {
  console.error(`deployment failed: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  provider.destroy();
}
