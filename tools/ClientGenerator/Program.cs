using TodoChat.ClientGenerator;

// Usage: TodoChat.ClientGenerator <openapi document> <output .cs file>
if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("usage: TodoChat.ClientGenerator <openapi/todochat.v1.json> <clients/csharp/TodoChat.Client/TodoChatClient.g.cs>");
    return 2;
}

var code = await CSharpClient.GenerateAsync(await File.ReadAllTextAsync(args[0]));
await File.WriteAllTextAsync(args[1], code);
Console.WriteLine($"Wrote {args[1]}");
return 0;
