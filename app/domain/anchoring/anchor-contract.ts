/**
 * The Anchor contract's interface (contracts/Anchor.sol), written out so verifiers and the chain
 * client need neither the compiler nor the artifact; a test checks it against contracts/Anchor.json.
 */
import { id, Interface } from "ethers";

export const ANCHOR_ABI = [
  "constructor()",
  "function owner() view returns (address)",
  "function anchoredAt(bytes32) view returns (uint256)",
  "function anchor(bytes32 root, uint256 count, string uri)",
  "function verifyProof(bytes32[] proof, bytes32 root, bytes32 leaf) pure returns (bool)",
  "event Anchored(bytes32 indexed root, uint256 count, string uri)",
  "error NotOwner()",
  "error EmptyRoot()",
  "error AlreadyAnchored(bytes32 root, uint256 blockNumber)",
] as const;

export const anchorInterface = new Interface(ANCHOR_ABI);

/** topic0 of Anchored(bytes32,uint256,string); topic1 is the root (indexed). */
export const ANCHORED_TOPIC = id("Anchored(bytes32,uint256,string)");
