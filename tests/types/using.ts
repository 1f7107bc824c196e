// `using` on the package's classes, where the project's lib has ESNext.Disposable
// (TypeScript 5.2+): they are Disposable there (DisposableIfSupported, see
// scripts/package.mjs). Compiled with usage.ts by one case of matrix.test.mjs.
import { Client, OAuth, type DepthBook, type DepthLevel } from "bitcoin-central";

export async function scoped(client: Client): Promise<DepthLevel[]> {
  using book = await client.depthBook();
  const asBook: DepthBook = book;
  const disposable: Disposable = asBook;
  using oauth = new OAuth({ provider: "bitcoin-central", clientId: "c", redirectUri: "https://a/" });
  using other = new Client();
  void [disposable, oauth.flow, other.baseUrl];
  return book.asks(5);
}
