namespace DigitalCollections.Api.Storage;

/// <summary>
/// The data folder as resolved once at start-up (<see cref="StorageOptions.DataDirectory"/> against the working
/// directory), for the start-up checks that run after the services are built.
/// </summary>
public sealed record DataDirectory(string Path);
