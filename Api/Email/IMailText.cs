namespace EventScheduler.Api.Email;

/// <summary>The words of every message in one language.</summary>
public interface IMailText
{
    MailContent Write(MailView view);

    /// <summary>zh (the default) or en.</summary>
    public static IMailText For(string language) => language == "en" ? En : Zh;

    private static readonly IMailText Zh = new ZhMailText();
    private static readonly IMailText En = new EnMailText();
}
