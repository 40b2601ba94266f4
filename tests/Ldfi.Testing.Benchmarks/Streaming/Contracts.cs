namespace Streaming;

/// <summary>Marks the streaming services' assembly (every role is the same application).</summary>
public sealed class StreamingService;

/// <summary>A member's profile.</summary>
public sealed record Profile(string UserId, string Name);

/// <summary>A title in a row, with its artwork when the artwork service answered.</summary>
public sealed record Title(string Id, string Name, string? Artwork);

/// <summary>A row of the home page.</summary>
public sealed record Row(string Name, IReadOnlyList<Title> Titles);

/// <summary>The home page; <see cref="Degraded"/> names the parts served from a fallback.</summary>
public sealed record HomePage(Profile Profile, IReadOnlyList<Row> Rows, IReadOnlyList<Title> ForYou, IReadOnlyList<string> ContinueWatching, IReadOnlyList<string> Degraded);

