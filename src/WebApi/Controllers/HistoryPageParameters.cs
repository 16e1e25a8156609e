using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using TodoChat.Application.Conversations.Queries.GetConversationHistory;

namespace TodoChat.WebApi.Controllers;

/// <summary>
/// The query string of a history page. The OpenAPI document lists its properties as the query
/// parameters they are; <see cref="HistoryPageParametersBinder"/> reads them in one pass, because MVC's
/// binding of six parameters one by one was a fifth of what the hottest read allocated.
/// </summary>
[ModelBinder(typeof(HistoryPageParametersBinder))]
public sealed class HistoryPageParameters
{
    [Description("Messages per page, 1 to 1000.")]
    [FromQuery(Name = "limit")]
    [Range(1, GetConversationHistoryQuery.MaxLimit)]
    [DefaultValue(GetConversationHistoryQuery.DefaultLimit)]
    public int Limit { get; init; } = GetConversationHistoryQuery.DefaultLimit;

    [Description("Messages to skip after the time filters; not with `cursor`.")]
    [FromQuery(Name = "offset")]
    [Range(0, int.MaxValue)]
    [DefaultValue(0)]
    public int Offset { get; init; }

    [Description("Only messages created before this ISO 8601 instant (exclusive).")]
    [FromQuery(Name = "before")]
    [DataType(DataType.DateTime)]
    public string? Before { get; init; }

    [Description("Only messages created after this ISO 8601 instant (exclusive); earlier than `before`.")]
    [FromQuery(Name = "after")]
    [DataType(DataType.DateTime)]
    public string? After { get; init; }

    [Description("`asc`, oldest first (default), or `desc`, newest first.")]
    [FromQuery(Name = "order")]
    [AllowedValues("asc", "desc")]
    public string? Order { get; init; }

    [Description("The `next_cursor` of the previous page, with the same order and filters.")]
    [FromQuery(Name = "cursor")]
    public string? Cursor { get; init; }
}

/// <summary>
/// Reads <see cref="HistoryPageParameters"/> from the query string as MVC would (the first value of a
/// repeated key; empty or blank text as absent), with one model state error per value that is not a
/// whole number, under the parameter's public name.
/// </summary>
internal sealed class HistoryPageParametersBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var query = bindingContext.HttpContext.Request.Query;
        var modelState = bindingContext.ModelState;
        bindingContext.Result = ModelBindingResult.Success(new HistoryPageParameters
        {
            Limit = Integer(query, "limit", GetConversationHistoryQuery.DefaultLimit, modelState),
            Offset = Integer(query, "offset", 0, modelState),
            Before = Text(query, "before"),
            After = Text(query, "after"),
            Order = Text(query, "order"),
            Cursor = Text(query, "cursor"),
        });
        return Task.CompletedTask;
    }

    private static string? Text(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && !string.IsNullOrWhiteSpace(values[0]) ? values[0] : null;

    private static int Integer(IQueryCollection query, string name, int absent, ModelStateDictionary modelState)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return absent;
        }

        if (int.TryParse(values[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        modelState.TryAddModelError(name, $"The value of '{name}' has the wrong type or is malformed.");
        return absent;
    }
}
