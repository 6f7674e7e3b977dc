// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Works} from "./works/Works.sol";
import {Editions} from "./editions/Editions.sol";
import {RelayedTransfers} from "./transfers/RelayedTransfers.sol";
import {MetadataChanges} from "./metadata/MetadataChanges.sol";

/**
 * @title DigitalCollection
 * @notice On-chain registry of creator works. Every registered work is an ERC-721 token whose
 * creator, content hash (SHA-256 of the file's bytes) and registration time are stored on-chain.
 *
 * Trust model: a relayer holding {MINTER_ROLE} pays the gas, but it can neither forge authorship
 * nor move tokens it does not own:
 *
 * - {mintWork} requires the creator's EIP-712 signature over a {MintAuthorization};
 * - {transferWithAuthorization} requires the owner's EIP-712 signature over a
 *   {TransferAuthorization}, bound to the token's current {transferNonce}.
 *
 * Signatures are checked with OpenZeppelin's `SignatureChecker`, so both EOAs and ERC-1271
 * smart-contract wallets can be creators and owners. The EIP-712 domain is
 * `{name: name(), version: "1", chainId, verifyingContract: address(this)}` and is published
 * through ERC-5267 `eip712Domain()`.
 *
 * Token ids start at 1 and count up; one content hash can be registered only once.
 * While paused, minting and every kind of transfer are blocked; reads are never blocked.
 *
 * @dev The contract is composed of one part per job, each an abstract contract in its own file:
 *
 * - {DigitalCollectionStorage} (core/): every state variable and the bit layout of the packed words;
 * - {CollectionSettings} (core/): pause and base URI;
 * - {PackedOwnership} (core/): owners, balances, royalties and registrations read from the words;
 * - {CirculationRules} (circulation/): holds, transferability, minimum hold, freezes (ERC-5192);
 * - {PackedERC721} (core/): OpenZeppelin's transfers on the words, with the rules applied;
 * - {Authorizations} (core/): deadline, signature, receiver and batch checks of relayed calls;
 * - {WorkRegistration} (works/): the checks and records every registration shares;
 * - {Works} (works/): unique works, one ({mintWork}) or in batches ({mintWorks});
 * - {EditionRegistration} (editions/): the checks and registration of an edition, its digests;
 * - {Editions} (editions/): numbered editions minted ({mintEdition}, {mintEditionTo});
 * - {RelayedTransfers} (transfers/): owner-signed transfers, one or in batches;
 * - {MetadataChanges} (metadata/): creator-signed ERC-4906 announcements.
 *
 * Only {DigitalCollectionStorage} declares state, so the slots are those of
 * contracts/DigitalCollection.storage.json whatever the order of the parts.
 */
contract DigitalCollection is Works, Editions, RelayedTransfers, MetadataChanges {
    /**
     * @notice Deploys a collection.
     * @dev The EIP-712 domain name is `name_` and its version is "1".
     * @param name_ ERC-721 name, also the EIP-712 domain name.
     * @param symbol_ ERC-721 symbol.
     * @param baseURI_ Base of every `tokenURI` (token id appended).
     * @param admin Receives `DEFAULT_ADMIN_ROLE`, {PAUSER_ROLE} and {OPERATOR_ROLE}.
     * @param minters Each receives {MINTER_ROLE}.
     */
    constructor(
        string memory name_,
        string memory symbol_,
        string memory baseURI_,
        address admin,
        address[] memory minters
    ) ERC721(name_, symbol_) EIP712(name_, "1") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
        _grantRole(OPERATOR_ROLE, admin);
        for (uint256 i = 0; i < minters.length; ++i) {
            _grantRole(MINTER_ROLE, minters[i]);
        }
        _setBaseURI(baseURI_);
    }

    /**
     * @notice Whether the contract implements an interface: ERC-165, ERC-721, ERC-721 Metadata,
     * ERC-2981, AccessControl, ERC-4906 (`0x49064906`) and ERC-5192 (`0xb45a3c0e`).
     * @param interfaceId The ERC-165 interface identifier.
     * @return True when the interface is supported.
     */
    function supportsInterface(
        bytes4 interfaceId
    ) public view override returns (bool) {
        return
            interfaceId == bytes4(0x49064906) ||
            interfaceId == this.locked.selector ||
            super.supportsInterface(interfaceId);
    }
}
