namespace EventScheduler.Domain.Cme;

/// <summary>The kind of credit an accreditor grants: China's class I (national/provincial projects) and
/// class II credits, or another scheme (EACCME ECMEC, AMA PRA, ...).</summary>
public enum CreditType
{
    ClassI,
    ClassII,
    Other,
}
