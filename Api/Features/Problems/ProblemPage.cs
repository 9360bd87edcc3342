using System.Net;
using System.Text;

namespace EventScheduler.Api.Features.Problems;

/// <summary>The problem catalogue as HTML, for a person who opens a problem's <c>type</c> URI in a browser.</summary>
public static class ProblemPage
{
    public static bool Wanted(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    public static Task WriteAsync(HttpContext context, string title, IEnumerable<ProblemTypeResponse> items, CancellationToken ct)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(title))
            .Append("</title></head><body><main><h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>");
        foreach (var item in items)
        {
            html.Append("<section id=\"").Append(item.Code).Append("\"><h2><code>").Append(item.Code).Append("</code> (HTTP ")
                .Append(item.Status).Append(")</h2><p>").Append(WebUtility.HtmlEncode(item.Description)).Append("</p>");
            if (item.Members.Count > 0)
            {
                html.Append("<dl>");
                foreach (var m in item.Members)
                {
                    html.Append("<dt><code>").Append(m.Name).Append("</code></dt><dd>").Append(WebUtility.HtmlEncode(m.Description)).Append("</dd>");
                }

                html.Append("</dl>");
            }

            html.Append("</section>");
        }

        html.Append("</main></body></html>");
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(html.ToString(), ct);
    }
}
