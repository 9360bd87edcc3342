namespace EventScheduler.Api.Registrations;

/// <summary>A new registration and its manage token: the token exists only here (only its hash is stored).</summary>
public sealed record SignedUp(RegistrationSnapshot Snapshot, string ManageToken);
