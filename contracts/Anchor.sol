// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @title Kilnmark registry anchor
/// @notice Publishes the Merkle roots of batches of signed registry certificates so anyone can
/// check, without trusting the registry's servers, that a certificate existed at a given block.
contract Anchor {
    address public immutable owner;

    /// @notice Block in which a root was anchored; 0 means never (the genesis block holds no calls).
    mapping(bytes32 => uint256) public anchoredAt;

    event Anchored(bytes32 indexed root, uint256 count, string uri);

    error NotOwner();
    error EmptyRoot();
    error AlreadyAnchored(bytes32 root, uint256 blockNumber);

    constructor() {
        owner = msg.sender;
    }

    function anchor(bytes32 root, uint256 count, string calldata uri) external {
        if (msg.sender != owner) revert NotOwner();
        if (root == bytes32(0)) revert EmptyRoot();
        uint256 existing = anchoredAt[root];
        // A root anchored twice would give one batch two timestamps; the first one is the proof.
        if (existing != 0) revert AlreadyAnchored(root, existing);
        anchoredAt[root] = block.number;
        emit Anchored(root, count, uri);
    }

    /// @notice OpenZeppelin MerkleProof verification (sorted-pair keccak256), so a verifier can
    /// check a certificate's proof against this contract without any off-chain code.
    function verifyProof(bytes32[] calldata proof, bytes32 root, bytes32 leaf) external pure returns (bool) {
        return MerkleProof.verifyCalldata(proof, root, leaf);
    }
}
