import { CsrfField } from "./csrf-field.js";
import { Page, seg, type SignedInProps } from "./page.js";

/** Confirms deleting one file or a folder with everything in it; links already issued stop finding them. */
export function DeleteFilePage(props: SignedInProps & { client: string; path: string; folder: boolean; count: number }) {
  const { client, path, folder, count, ...session } = props;
  return (
    <Page title={`Delete ${path}`} section="clients" {...session}>
      <section class="card card--narrow" aria-labelledby="delete-title">
        <h1 id="delete-title">Delete {folder ? "folder" : "file"}?</h1>
        <p>
          {folder ? `The folder ${path}/ of ${client} and the ${count} ${count === 1 ? "file" : "files"} in it` : `${path} of ${client}`} will be deleted. Links already issued
          will answer “not found” for {folder ? "them" : "it"}. This cannot be undone.
        </p>
        <form method="post" action={`/clients/${seg(client)}/delete`}>
          <CsrfField token={session.csrfToken} />
          <input type="hidden" name="path" value={path} />
          {folder ? <input type="hidden" name="folder" value="yes" /> : null}
          <button type="submit" class="button button--danger">
            Delete
          </button>{" "}
          <a class="button button--quiet" href={`/clients/${seg(client)}`}>
            Keep
          </a>
        </form>
      </section>
    </Page>
  );
}
