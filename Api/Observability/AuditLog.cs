namespace EventScheduler.Api.Observability;

/// <summary>One log line per privileged action, in its own category so a log shipper can route them to an audit
/// store. Each names the acting API key's id (<c>bootstrap</c> for the bootstrap admin key) and the object acted
/// on, never a secret: a created key appears by id and prefix-free, a revoked certificate without its reason (free
/// text that may name a person). The lines carry the request's trace id like every other.</summary>
public sealed partial class AuditLog(ILoggerFactory loggers)
{
    public const string Category = "EventScheduler.Audit";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    public void KeyCreated(string? actorKeyId, string keyId, string role, string? hospitalId) =>
        LogKeyCreated(_logger, keyId, role, hospitalId ?? "-", actorKeyId ?? "-");

    public void KeyRevoked(string? actorKeyId, string keyId) => LogKeyRevoked(_logger, keyId, actorKeyId ?? "-");

    public void CertificateRevoked(string? actorKeyId, string serial, string meetingId) =>
        LogCertificateRevoked(_logger, serial, meetingId, actorKeyId ?? "-");

    [LoggerMessage(EventId = 9001, EventName = "ApiKeyCreated", Level = LogLevel.Information,
        Message = "Audit: API key created: {AuditKeyId} role {AuditRole} hospital {AuditHospitalId}, by key {AuditActorKeyId}")]
    private static partial void LogKeyCreated(ILogger logger, string auditKeyId, string auditRole, string auditHospitalId, string auditActorKeyId);

    [LoggerMessage(EventId = 9002, EventName = "ApiKeyRevoked", Level = LogLevel.Information,
        Message = "Audit: API key revoked: {AuditKeyId}, by key {AuditActorKeyId}")]
    private static partial void LogKeyRevoked(ILogger logger, string auditKeyId, string auditActorKeyId);

    [LoggerMessage(EventId = 9003, EventName = "CertificateRevoked", Level = LogLevel.Information,
        Message = "Audit: certificate revoked: {AuditSerial} of meeting {AuditMeetingId}, by key {AuditActorKeyId}")]
    private static partial void LogCertificateRevoked(ILogger logger, string auditSerial, string auditMeetingId, string auditActorKeyId);
}
