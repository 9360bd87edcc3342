using MimeKit;

namespace EventScheduler.Api.Email;

/// <summary>Without an SMTP server: each message becomes one .eml file in a folder, written under a temporary name
/// and renamed, so a reader never sees half a message. Any mail program opens them.</summary>
public sealed class PickupFolderTransport(string folder) : IMailTransport
{
    public string Folder { get; } = folder;

    public string Description => $"the folder {Folder} (.eml files; set Email:Smtp:Host to send through an SMTP server)";

    public Task<IMailSession> OpenAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        return Task.FromResult<IMailSession>(new Session(Folder));
    }

    private sealed class Session(string folder) : IMailSession
    {
        public async Task SendAsync(MimeMessage message, CancellationToken ct)
        {
            var name = string.Concat((message.MessageId ?? Guid.NewGuid().ToString("N")).Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'));
            var path = Path.Combine(folder, name + ".eml");
            var temporary = path + ".tmp";
            try
            {
                await using (var file = File.Create(temporary))
                {
                    await message.WriteToAsync(new FormatOptions { International = false }, file, ct);
                }

                File.Move(temporary, path, overwrite: true);
            }
            catch (IOException ex)
            {
                throw new MailSendException(SendFailure.Transient, $"Could not write {path}: {ex.Message}", ex);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new MailSendException(SendFailure.Transient, $"Could not write {path}: {ex.Message}", ex);
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
