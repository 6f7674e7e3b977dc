// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {PackedERC721} from "./PackedERC721.sol";

/**
 * @title Authorizations
 * @notice What every signed, relayed call of {DigitalCollection} checks: the relayer role, the
 * deadline, the signature (OpenZeppelin's `SignatureChecker`, so EOAs and ERC-1271 wallets alike),
 * the receiver, and, for batches, their lengths and the selector a skipped item is reported with.
 */
abstract contract Authorizations is PackedERC721 {
    /// @notice Role allowed to relay mints and metadata changes (the service's relayer accounts).
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    /// @notice The signature is not a valid EIP-712 signature of the authorization by its signer.
    error InvalidSignature();

    /**
     * @notice The authorization's deadline has passed.
     * @param deadline The authorization's deadline.
     */
    error AuthorizationExpired(uint256 deadline);

    /**
     * @notice A batch's authorizations and signatures differ in number.
     * @param authorizations The number of authorizations.
     * @param signatures The number of signatures.
     */
    error BatchLengthMismatch(uint256 authorizations, uint256 signatures);

    /// @notice A batch has no item.
    error EmptyBatch();

    /// @dev Reverts with {AuthorizationExpired} once `deadline` (inclusive) has passed.
    function _checkDeadline(uint256 deadline) internal view {
        if (deadline < block.timestamp) revert AuthorizationExpired(deadline);
    }

    /// @dev Reverts with {InvalidSignature} unless `signature` is `signer`'s signature of `digest`.
    function _checkSignature(address signer, bytes32 digest, bytes calldata signature) internal view {
        if (!SignatureChecker.isValidSignatureNowCalldata(signer, digest, signature)) revert InvalidSignature();
    }

    /// @dev Reverts with `ERC721InvalidReceiver(address(0))` for a zero receiver.
    function _checkReceiver(address to) internal pure {
        if (to == address(0)) revert ERC721InvalidReceiver(address(0));
    }

    /// @dev The batch's item count; reverts unless both lengths are equal and not zero.
    function _checkBatchLengths(uint256 authorizations, uint256 signatures) internal pure returns (uint256) {
        if (authorizations != signatures) revert BatchLengthMismatch(authorizations, signatures);
        if (authorizations == 0) revert EmptyBatch();
        return authorizations;
    }

    /// @dev The selector of a self-call's revert data; `ERC721InvalidReceiver` when there is none.
    function _selectorOf(bytes memory revertData) internal pure returns (bytes4) {
        if (revertData.length < 4) return ERC721InvalidReceiver.selector;
        return bytes4(revertData);
    }
}
