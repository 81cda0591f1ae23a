import { ZIP_ENTRY_NAME_SCRIPT } from "./zip-entry-name.js";

/**
 * The index pages' "Download all (.zip)": builds the zip in the browser with client-zip from the
 * signed links of the page (same origin, so no third-party request), streamed to a file the viewer
 * picks where the browser offers showSaveFilePicker (Chromium-based browsers), otherwise built in
 * memory and saved through a download link, up to IN_MEMORY_LIMIT. The button stays hidden without
 * JavaScript; the list and the download commands work without it. Entry names go through
 * zipEntryName (zip-entry-name.ts), so no entry unpacks outside the folder the viewer unpacks it in.
 *
 * Defines `setUpZip(files)`: `files` is a list of {path, url, size, modified}, from the page's links
 * (the page for a few files) or its manifest (the page for many). Its words are the `data-t-*`
 * attributes of the #zip box, in the client's language (lib/i18n), `{i}`, `{path}`, `{status}` and
 * `{error}` filled in here; `pageData(id)` reads a JSON data block of the page. No user data in any
 * script: names and URLs come from the page's links or its manifest.
 */
export const IN_MEMORY_LIMIT = 2 * 1024 ** 3;

export const PAGE_SCRIPT_COMMON = `function pageData(id){var e=document.getElementById(id);try{return e?JSON.parse(e.textContent):null;}catch(error){return null;}}
${ZIP_ENTRY_NAME_SCRIPT}
function setUpZip(files){
var box=document.getElementById("zip"),button=document.getElementById("zip-button"),status=document.getElementById("zip-status");
if(!box||!button||!status||typeof downloadZip!=="function"||typeof ReadableStream!=="function")return;
var total=0,limit=${IN_MEMORY_LIMIT};
for(var i=0;i<files.length;i++)total+=files[i].size;
var name=box.getAttribute("data-name")||"files.zip";
function say(text){status.textContent=text;}
function t(key,values){var text=box.getAttribute("data-t-"+key)||"";return text.replace(/\\{(\\w+)\\}/g,function(all,k){return values&&Object.prototype.hasOwnProperty.call(values,k)?String(values[k]):all;});}
async function* entries(){
for(var i=0;i<files.length;i++){var f=files[i];say(t("adding",{i:i+1,path:f.path}));
var response=await fetch(f.url,{credentials:"omit",cache:"no-store"});
if(!response.ok)throw new Error(t("http-error",{path:f.path,status:response.status}));
yield {name:zipEntryName(f.path),input:response,size:f.size,lastModified:f.modified};}
}
async function run(){
var writable=null;
if(typeof window.showSaveFilePicker==="function"){
try{var handle=await window.showSaveFilePicker({suggestedName:name,types:[{description:"Zip archive",accept:{"application/zip":[".zip"]}}]});writable=await handle.createWritable();}
catch(error){if(error&&error.name==="AbortError"){say(t("cancelled"));return;}writable=null;}
}
if(writable){await downloadZip(entries()).body.pipeTo(writable);say(t("saved"));return;}
if(total>limit){say(t("too-large"));return;}
say(t("in-memory"));
var blob=await downloadZip(entries()).blob(),url=URL.createObjectURL(blob),link=document.createElement("a");
link.href=url;link.download=name;document.body.appendChild(link);link.click();link.remove();setTimeout(function(){URL.revokeObjectURL(url);},60000);
say(t("done"));
}
box.hidden=false;
button.addEventListener("click",function(){button.disabled=true;run().catch(function(error){say(t("failed",{error:error&&error.message?error.message:String(error)}));}).then(function(){button.disabled=false;});});
}`;

/** The page for a few files: its links carry the files (data-path, data-size, data-modified). */
export const SMALL_PAGE_SCRIPT = `(function(){
var links=document.querySelectorAll("a[data-path]"),files=[];
for(var i=0;i<links.length;i++){var a=links[i];files.push({path:a.getAttribute("data-path"),url:a.getAttribute("href"),size:Number(a.getAttribute("data-size")),modified:new Date(a.getAttribute("data-modified"))});}
setUpZip(files);
})();`;
