using System.Text.Json;
using Caviar.Server.Security;
using Caviar.Specs;
using Caviar.Validation;
using Microsoft.AspNetCore.Http;

namespace Caviar.Server;

/// <summary>
/// Bad input becomes 400 with the field and the reason; a missing thing 404. Field and reason are shortened
/// (<see cref="ErrorExcerpt"/>), so a reply quotes at most a short excerpt of the input.
/// </summary>
public static class ApiErrors
{
    /// <summary>The body of every error reply: <c>{"field": …, "reason": …}</c>.</summary>
    public static object Body(string? field, string? reason) =>
        new { field = ErrorExcerpt.Shorten(field), reason = ErrorExcerpt.Shorten(reason) };

    public static IResult BadRequest(CaviarValidationException error) => Results.BadRequest(Body(error.Field, error.Reason));

    public static IResult NotFound(string field, string reason) => Results.NotFound(Body(field, reason));

    /// <summary>Reads a JSON body strictly (unknown fields refused) or throws a validation error naming the field.</summary>
    public static async Task<T> ReadBody<T>(HttpRequest request)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, SpecJson.Options)
                   ?? throw new CaviarValidationException("body", "is empty");
        }
        catch (JsonException error)
        {
            throw JsonErrors.ToValidation(error);
        }
    }
}
