// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721Utils} from "@openzeppelin/contracts/token/ERC721/utils/ERC721Utils.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Authorizations} from "../core/Authorizations.sol";

/**
 * @title RelayedTransfers
 * @notice Transfers an owner signed and anyone relays: one ({transferWithAuthorization}) or many in
 * one transaction ({transferWithAuthorizations}, skip-and-emit). Each authorization is bound to the
 * token's transfer nonce, which every transfer path bumps, so it can be used once.
 */
abstract contract RelayedTransfers is Authorizations {
    /**
     * @notice An owner's authorization to transfer one token, relayed by anyone.
     * @param from The current owner of the token; must be the signer of the authorization.
     * @param to The new owner.
     * @param tokenId The token to transfer.
     * @param nonce Must equal `transferNonce` of the token, which makes the authorization single-use.
     * @param deadline Last timestamp (inclusive, in seconds) at which the authorization can be used.
     */
    struct TransferAuthorization {
        address from;
        address to;
        uint256 tokenId;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice EIP-712 type hash of {TransferAuthorization}.
    bytes32 public constant TRANSFER_AUTHORIZATION_TYPEHASH =
        keccak256("TransferAuthorization(address from,address to,uint256 tokenId,uint256 nonce,uint256 deadline)");

    /**
     * @notice Emitted when {transferWithAuthorizations} skipped an item that
     * {transferWithAuthorization} would have refused.
     * @param index The item's position in the batch.
     * @param tokenId The item's token.
     * @param reason Selector of the custom error {transferWithAuthorization} would revert with.
     */
    event TransferSkipped(uint256 indexed index, uint256 tokenId, bytes4 reason);

    /**
     * @notice The transfer authorization's nonce is not the token's current transfer nonce.
     * @param tokenId The token.
     * @param expectedNonce The token's current `transferNonce`.
     * @param providedNonce The nonce in the authorization.
     */
    error InvalidTransferNonce(uint256 tokenId, uint256 expectedNonce, uint256 providedNonce);

    /**
     * @notice Transfers `auth.tokenId` from `auth.from` to `auth.to` with the owner's signature;
     * anyone can relay it.
     * @dev Requirements: not paused; `auth.deadline >= block.timestamp`; the token exists
     * (`ERC721NonexistentToken`); `auth.from` is its owner (`ERC721IncorrectOwner`); `auth.to` is
     * not zero (`ERC721InvalidReceiver`); `auth.nonce == transferNonce(auth.tokenId)`; `signature`
     * is `auth.from`'s EIP-712 signature of `auth` (ECDSA for an EOA, ERC-1271 for a contract).
     *
     * The circulation rules apply as on every transfer path ({TokenLocked}, {TokenIsFrozen},
     * {TokenHeld}). A contract `auth.to` must accept the token as in `safeTransferFrom` (its
     * `onERC721Received` is called with the relayer as operator). Bumps the token's
     * `transferNonce`, so the authorization cannot be replayed. Emits `Transfer`.
     * @param auth The owner's transfer authorization.
     * @param signature The owner's signature of `auth`.
     */
    function transferWithAuthorization(
        TransferAuthorization calldata auth,
        bytes calldata signature
    ) external whenNotPaused {
        _checkDeadline(auth.deadline);
        address owner = _requireOwned(auth.tokenId);
        if (owner != auth.from) revert ERC721IncorrectOwner(auth.from, auth.tokenId, owner);
        _checkReceiver(auth.to);
        uint256 expectedNonce = _tokens[auth.tokenId] >> _NONCE_SHIFT;
        if (auth.nonce != expectedNonce) revert InvalidTransferNonce(auth.tokenId, expectedNonce, auth.nonce);
        _checkSignature(auth.from, _hashTransferAuthorization(auth), signature);

        _transfer(auth.from, auth.to, auth.tokenId);
        ERC721Utils.checkOnERC721Received(_msgSender(), auth.from, auth.to, auth.tokenId, "");
    }

    /**
     * @notice Transfers several tokens with their owners' signatures in one transaction; anyone
     * can relay it.
     * @dev Skip-and-emit: every item gets every check of {transferWithAuthorization}, in order; an
     * item that {transferWithAuthorization} would refuse is skipped, {TransferSkipped} names it and
     * the selector of the error it would revert with, and the other items are transferred. A
     * skipped item does not bump the token's `transferNonce`; a second item for a token moved
     * earlier in the batch is skipped (`ERC721IncorrectOwner` once the owner changed, else
     * `InvalidTransferNonce`). A held, frozen or locked token is skipped with {TokenHeld},
     * {TokenIsFrozen} or {TokenLocked}; an item whose contract receiver refuses the token is skipped
     * as in `mintWorks` (it runs in a self-call, {transferItem}).
     * Requirements: not paused; `auths.length == signatures.length > 0` ({BatchLengthMismatch},
     * {EmptyBatch}). Emits `Transfer` per transferred item, {TransferSkipped} per skipped item.
     * @param auths The owners' transfer authorizations.
     * @param signatures `signatures[i]` is `auths[i].from`'s signature of `auths[i]`.
     * @return transferred `transferred[i]` is true when `auths[i]` was carried out.
     */
    function transferWithAuthorizations(
        TransferAuthorization[] calldata auths,
        bytes[] calldata signatures
    ) external whenNotPaused returns (bool[] memory transferred) {
        uint256 count = _checkBatchLengths(auths.length, signatures.length);
        transferred = new bool[](count);
        for (uint256 i = 0; i < count; ++i) {
            TransferAuthorization calldata auth = auths[i];
            bytes4 reason = _transferFailure(auth, signatures[i]);
            if (reason == bytes4(0)) {
                if (auth.to.code.length == 0) {
                    _transfer(auth.from, auth.to, auth.tokenId);
                    transferred[i] = true;
                    continue;
                }
                try this.transferItem(_msgSender(), auth.from, auth.to, auth.tokenId) {
                    transferred[i] = true;
                    continue;
                } catch (bytes memory revertData) {
                    reason = _selectorOf(revertData);
                }
            }
            emit TransferSkipped(i, auth.tokenId, reason);
        }
    }

    /**
     * @notice One item of {transferWithAuthorizations} whose receiver is a contract: transfers the
     * token and asks the receiver, so that a refusal undoes the item alone.
     * @dev Callable only by this contract ({SelfCallOnly}); the batch has made every other check.
     * @param operator The relayer of the batch, passed to `onERC721Received`.
     * @param from The token's owner.
     * @param to The receiving contract.
     * @param tokenId The token.
     */
    function transferItem(address operator, address from, address to, uint256 tokenId) external {
        if (msg.sender != address(this)) revert SelfCallOnly();
        _transfer(from, to, tokenId);
        ERC721Utils.checkOnERC721Received(operator, from, to, tokenId, "");
    }

    /**
     * @notice The EIP-712 digest of a transfer authorization under this contract's domain, the
     * value the owner signs.
     * @param auth The transfer authorization.
     * @return The EIP-712 digest (`_hashTypedDataV4` of the struct hash).
     */
    function hashTransferAuthorization(TransferAuthorization calldata auth) external view returns (bytes32) {
        return _hashTransferAuthorization(auth);
    }

    /**
     * @dev The selector of the error {transferWithAuthorization} would revert with for `auth`, in
     * its order of checks, or zero when it passes them all. Never reverts.
     */
    function _transferFailure(
        TransferAuthorization calldata auth,
        bytes calldata signature
    ) internal view returns (bytes4) {
        if (auth.deadline < block.timestamp) return AuthorizationExpired.selector;
        (uint256 word, uint256 first, uint256 edition) = _ownership(auth.tokenId);
        address owner = address(uint160(word));
        if (owner == address(0)) return ERC721NonexistentToken.selector;
        if (owner != auth.from) return ERC721IncorrectOwner.selector;
        if (auth.to == address(0)) return ERC721InvalidReceiver.selector;
        if (auth.nonce != word >> _NONCE_SHIFT) return InvalidTransferNonce.selector;
        if (!SignatureChecker.isValidSignatureNowCalldata(auth.from, _hashTransferAuthorization(auth), signature)) {
            return InvalidSignature.selector;
        }
        // {transferWithAuthorization} meets the circulation rules last, inside `_update`.
        uint256 collection = _collectionWord();
        if (collection & _COLLECTION_RULES == 0 && edition & _EDITION_RULES == 0) return bytes4(0);
        (bytes4 refusal, ) = _circulationRefusal(
            auth.tokenId,
            word,
            first,
            edition,
            uint32(collection >> _FROZEN_COUNT_SHIFT),
            uint64(collection >> _MINIMUM_HOLD_SHIFT)
        );
        return refusal;
    }

    /// @dev EIP-712 digest of a {TransferAuthorization}.
    function _hashTransferAuthorization(TransferAuthorization calldata auth) internal view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(
                        TRANSFER_AUTHORIZATION_TYPEHASH,
                        auth.from,
                        auth.to,
                        auth.tokenId,
                        auth.nonce,
                        auth.deadline
                    )
                )
            );
    }
}
