// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/**
 * @title MockERC1271Wallet
 * @notice Test-only smart-contract wallet: a signature is valid (ERC-1271) iff it is the owner
 * EOA's ECDSA signature of the hash itself. It can hold ERC-721 tokens.
 */
contract MockERC1271Wallet is IERC1271, IERC721Receiver {
    /// @notice The EOA whose signatures this wallet accepts.
    address public immutable owner;

    /**
     * @notice Creates a wallet controlled by `owner_`.
     * @param owner_ The EOA whose signatures the wallet accepts.
     */
    constructor(address owner_) {
        owner = owner_;
    }

    /**
     * @notice ERC-1271 check.
     * @param hash The signed digest.
     * @param signature The owner's 65-byte ECDSA signature of `hash`.
     * @return magicValue `IERC1271.isValidSignature.selector` when valid, `0xffffffff` otherwise.
     */
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4 magicValue) {
        (address recovered, ECDSA.RecoverError err, ) = ECDSA.tryRecoverCalldata(hash, signature);
        if (err == ECDSA.RecoverError.NoError && recovered == owner) {
            return IERC1271.isValidSignature.selector;
        }
        return 0xffffffff;
    }

    /**
     * @notice Accepts every ERC-721 token.
     * @return The `onERC721Received` selector.
     */
    function onERC721Received(address, address, uint256, bytes calldata) external pure returns (bytes4) {
        return IERC721Receiver.onERC721Received.selector;
    }
}
